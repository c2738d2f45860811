// Live checks of a Jean Monnet proposal as the teacher types (progressive enhancement: the
// page works without it, the checks appear on saving). It sends the form's facts to
// POST /api/v1/jean-monnet/check, the same pure rules as the server, and lists the problems
// in a polite live region.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-check]");
  var region = document.getElementById("live-checks");
  if (!form || !region || !window.fetch) { return; }
  var labels = JSON.parse(region.getAttribute("data-labels") || "{}");
  var timer = null;

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : "";
  }

  function facts() {
    var hours = {};
    value("teaching").split("\n").forEach(function (line) {
      var parts = line.split(";");
      if (parts.length !== 3) { return; }
      var year = parseInt(parts[0], 10), count = parseInt(parts[2], 10);
      if (year > 0 && count >= 0) { hours[year] = (hours[year] || 0) + count; }
    });
    var years = Object.keys(hours).map(Number), last = years.length ? Math.max.apply(null, years) : 0;
    var perYear = [];
    for (var y = 1; y <= last; y++) { perYear.push(hours[y] || 0); }
    var partners = [];
    value("partners").split("\n").forEach(function (line) {
      var parts = line.split(";");
      if (parts.length === 2 && parts[0].trim()) {
        partners.push({ name: parts[0].trim(), country: parts[1].trim().toUpperCase() });
      }
    });
    var body = {
      call_year: parseInt(value("call_year"), 10),
      action: value("action"),
      holder_position: value("holder_position"),
      hours_per_year: perYear,
      partners: partners
    };
    if (value("duration_months")) { body.duration_months = parseInt(value("duration_months"), 10); }
    if (value("requested_eur")) { body.requested_eur = value("requested_eur").replace(",", "."); }
    return body;
  }

  function show(answer) {
    region.textContent = "";
    var heading = document.createElement("p");
    heading.className = "live-checks-title";
    var problems = answer.problems || [];
    heading.textContent = problems.length
      ? region.getAttribute("data-broken").replace("{count}", problems.length)
      : region.getAttribute("data-met");
    region.appendChild(heading);
    if (!problems.length) { return; }
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = (labels[problem.field] || problem.field) + ": " + problem.detail;
      list.appendChild(item);
    });
    region.appendChild(list);
  }

  function check() {
    fetch(region.getAttribute("data-url"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(facts()),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.status === 200) { show(answer); }
        else if (answer.detail) {
          region.textContent = (labels[answer.field] || answer.field || "") + ": " + answer.detail;
        }
      });
    }).catch(function () { /* the checks on saving remain */ });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 100);
  });
}());
