(function () {
  "use strict";
  var units = [["days", 86400], ["hours", 3600], ["minutes", 60], ["seconds", 1]];
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function rank(element) {
    var match = /^H([1-6])$/.exec(element.tagName);
    return match ? Number(match[1]) : 0;
  }
  // Once the moment has come, the section the countdown leads into (the heading after it
  // and what follows, up to the next heading of that rank or higher) says what was still to
  // come: it is hidden, so the live text never stands above "coming" text. A section that
  // no later heading of its rank ends is not one the template marked off, and stays.
  function hideComingSection(box) {
    var block = box;
    while (block.parentElement && block.parentElement.tagName !== "MAIN" &&
           block.parentElement !== document.body) {
      block = block.parentElement;
    }
    var next = block.nextElementSibling;
    while (next && !rank(next)) { next = next.nextElementSibling; }
    if (!next) { return; }
    var top = rank(next);
    var section = [];
    do {
      section.push(next);
      next = next.nextElementSibling;
    } while (next && !(rank(next) && rank(next) <= top));
    // A section that runs to the end of the page would take the rest with it: leave it.
    if (!next) { return; }
    section.forEach(function (element) { element.hidden = true; });
  }
  function start(box) {
    var until = Date.parse(box.getAttribute("data-until"));
    if (isNaN(until)) { return; }
    var numbers = [];
    var timer = null;
    function show() {
      var left = Math.floor((until - Date.now()) / 1000);
      if (left <= 0) {
        if (timer !== null) { clearInterval(timer); }
        hideComingSection(box);
        var done = box.getAttribute("data-done");
        if (done) {
          var note = document.createElement("span");
          note.className = "countdown-done";
          note.textContent = done;
          box.replaceChildren(note);
          box.removeAttribute("role");
        }
        return false;
      }
      if (!numbers.length) {
        var clock = document.createElement("span");
        clock.className = "countdown-clock";
        units.forEach(function (unit) {
          var cell = document.createElement("span");
          cell.className = "countdown-unit";
          var number = document.createElement("span");
          number.className = "countdown-number";
          var label = document.createElement("span");
          label.className = "countdown-label";
          label.textContent = unit[0];
          cell.appendChild(number);
          cell.appendChild(document.createTextNode(" "));
          cell.appendChild(label);
          clock.appendChild(cell);
          clock.appendChild(document.createTextNode(" "));
          numbers.push(number);
        });
        box.setAttribute("role", "timer");
        box.replaceChildren(clock);
      }
      units.forEach(function (unit, i) {
        var value = Math.floor(left / unit[1]);
        left -= value * unit[1];
        numbers[i].textContent = i === 0 ? String(value) : pad(value);
      });
      return true;
    }
    if (show()) { timer = setInterval(show, 1000); }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".countdown[data-until]"), start);
})();
