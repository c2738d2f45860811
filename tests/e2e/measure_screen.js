// What a page must not do at its width, measured in the page: [what, detail] pairs
// (tests/e2e/test_screens_browser.py).
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
      .slice(0, 3)
      .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
    problems.push(['page wider than the screen', document.documentElement.scrollWidth + ' px > ' + width + ' px: ' + wide.join(', ')]);
  }
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  for (const table of document.querySelectorAll('main table')) {
    let box = table.parentElement, scroller = null;
    while (box && box !== document.body) { if (scrolls(box)) { scroller = box; break; } box = box.parentElement; }
    const right = table.getBoundingClientRect().right;
    if (!scroller && right > width + 1) problems.push(['table cut off', (table.className || 'table') + ' ends at ' + Math.round(right) + ' px']);
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
      if (scroller.tabIndex < 0) problems.push(['scrolling table not focusable', table.className || 'table']);
    }
  }
  for (const cell of document.querySelectorAll('main td, main th')) {
    const style = getComputedStyle(cell);
    if (style.overflow === 'hidden' && cell.scrollWidth > cell.clientWidth + 1) problems.push(['cell clipped', cell.textContent.trim().slice(0, 40)]);
  }
  for (const e of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (e.getAttribute(attr) || '').split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push([attr + ' names a missing id', id]);
      }
    }
  }
  return problems;
}
