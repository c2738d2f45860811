from erasmusdesk.catalogue.text import to_blocks, to_html


def test_to_blocks_splits_paragraphs_on_blank_lines():
    assert to_blocks("First.\n\nSecond.") == [("p", ["First."]), ("p", ["Second."])]


def test_to_blocks_groups_dash_lines_into_one_list():
    text = "You need:\n- a transcript\n- a passport copy\n\nThen apply."
    assert to_blocks(text) == [
        ("p", ["You need:"]),
        ("ul", ["a transcript", "a passport copy"]),
        ("p", ["Then apply."]),
    ]


def test_to_html_escapes_markup_typed_by_the_office():
    html = to_html("<script>alert(1)</script>\n- <b>bold</b>")
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<ul><li>&lt;b&gt;bold&lt;/b&gt;</li></ul>"
    )


def test_to_html_keeps_line_breaks_inside_a_paragraph():
    assert to_html("Line one\nLine two") == "<p>Line one<br>Line two</p>"


def test_to_html_of_empty_text_is_empty():
    assert to_html("  \n\n ") == ""
