// hotseat availability grid: drag to mark, arrow keys, saving with htmx. No build step.
// The page works without this file: the grid is a table of checkboxes in a plain form.
(function () {
  "use strict";

  var LONG_PRESS_MS = 400;
  var TOUCH_SLOP_PX = 10;
  var PAGE_ROWS = 4; // PageUp/PageDown move two hours

  // One stroke at a time: a drag, a long-press slide or Shift+arrows. It paints the rectangle
  // from its anchor to the cell under the pointer (or focus) with one value; cells that leave
  // the rectangle go back to what they were, as a spreadsheet selection would.
  var stroke = null;
  var press = null; // a touch waiting to become a long press
  var suppressClick = false;

  function isCell(element) {
    return Boolean(element && element.matches && element.matches("input[name=cell]"));
  }

  function cellFrom(element) {
    if (!element || !element.closest) { return null; }
    var td = element.closest("td");
    var input = td && td.querySelector("input[name=cell]");
    return input && input.closest("[data-availability-grid]") ? input : null;
  }

  function gridOf(input) { return input.closest("[data-availability-grid]"); }
  function shown(element) { return element.getClientRects().length > 0; }
  function position(input) {
    var td = input.parentElement;
    return { row: td.parentElement.sectionRowIndex, col: td.cellIndex };
  }

  function visibleRows(grid) { return Array.prototype.filter.call(grid.tBodies[0].rows, shown); }
  function visibleColumns(grid) {
    var heads = grid.tHead.rows[0].cells;
    var columns = [];
    for (var i = 1; i < heads.length; i += 1) { if (shown(heads[i])) { columns.push(i); } }
    return columns;
  }
  function cellAt(grid, row, col) { return grid.tBodies[0].rows[row].cells[col].querySelector("input"); }

  function markDirty(grid) {
    var form = grid.closest("form");
    var note = form && form.querySelector("[data-availability-dirty]");
    if (note) { note.hidden = false; }
  }

  // Roving tabindex: one cell of the grid is in the Tab order; arrow keys move it.
  function setCurrent(grid, input) {
    var previous = grid.querySelector("input[name=cell][tabindex='0']");
    if (previous && previous !== input) { previous.tabIndex = -1; }
    input.tabIndex = 0;
  }

  function ensureCurrentShown(grid) {
    var current = grid.querySelector("input[name=cell][tabindex='0']");
    if (current && shown(current)) { return; }
    var first = grid.querySelector("input[name=cell]:checked");
    if (!first || !shown(first)) {
      var rows = visibleRows(grid);
      var columns = visibleColumns(grid);
      if (!rows.length || !columns.length) { return; }
      first = rows[0].cells[columns[0]].querySelector("input");
    }
    setCurrent(grid, first);
  }

  function startStroke(grid, anchor, value) {
    var snapshot = new Map();
    grid.querySelectorAll("input[name=cell]").forEach(function (input) { snapshot.set(input, input.checked); });
    stroke = { grid: grid, anchor: position(anchor), value: value, snapshot: snapshot, last: null };
    paintTo(anchor);
  }

  function paintTo(target) {
    if (!stroke || target === stroke.last || gridOf(target) !== stroke.grid) { return; }
    stroke.last = target;
    var to = position(target);
    var top = Math.min(stroke.anchor.row, to.row), bottom = Math.max(stroke.anchor.row, to.row);
    var left = Math.min(stroke.anchor.col, to.col), right = Math.max(stroke.anchor.col, to.col);
    var changed = false;
    stroke.snapshot.forEach(function (was, input) {
      var at = position(input);
      var inside = at.row >= top && at.row <= bottom && at.col >= left && at.col <= right;
      var value = inside ? stroke.value : was;
      if (input.checked !== value) { input.checked = value; changed = true; }
    });
    if (changed) { markDirty(stroke.grid); }
  }

  function endStroke() { stroke = null; }

  function onKeydown(event) {
    var input = event.target;
    if (!isCell(input)) { return; }
    var grid = gridOf(input);
    if (event.key === "Enter") {
      event.preventDefault(); // Enter marks a cell, as Space does; it does not send the form
      input.click();
      return;
    }
    var rows = visibleRows(grid);
    var columns = visibleColumns(grid);
    var at = position(input);
    var row = rows.indexOf(grid.tBodies[0].rows[at.row]);
    var col = columns.indexOf(at.col);
    switch (event.key) {
      case "ArrowUp": row -= 1; break;
      case "ArrowDown": row += 1; break;
      case "ArrowLeft": col -= 1; break;
      case "ArrowRight": col += 1; break;
      case "PageUp": row -= PAGE_ROWS; break;
      case "PageDown": row += PAGE_ROWS; break;
      case "Home": if (event.ctrlKey) { row = 0; } col = 0; break;
      case "End": if (event.ctrlKey) { row = rows.length - 1; } col = columns.length - 1; break;
      default: return;
    }
    event.preventDefault();
    row = Math.max(0, Math.min(rows.length - 1, row));
    col = Math.max(0, Math.min(columns.length - 1, col));
    var target = cellAt(grid, rows[row].sectionRowIndex, columns[col]);
    if (event.shiftKey) {
      if (!stroke) { startStroke(grid, input, input.checked); }
      paintTo(target);
    } else {
      endStroke();
    }
    setCurrent(grid, target);
    target.focus();
  }

  function onPointerdown(event) {
    var input = cellFrom(event.target);
    if (!input || event.button !== 0) { return; }
    var grid = gridOf(input);
    if (event.pointerType === "touch") {
      // A tap toggles (the checkbox's own click); a swipe scrolls; a long press starts painting.
      cancelPress();
      press = {
        x: event.clientX, y: event.clientY, id: event.pointerId,
        timer: window.setTimeout(function () {
          press = null;
          suppressClick = true;
          setCurrent(grid, input);
          startStroke(grid, input, !input.checked);
          stroke.touch = true;
          if (navigator.vibrate) { navigator.vibrate(10); }
        }, LONG_PRESS_MS),
      };
      return;
    }
    event.preventDefault(); // no text selection while dragging
    suppressClick = true;
    setCurrent(grid, input);
    input.focus({ preventScroll: true });
    startStroke(grid, input, !input.checked);
    stroke.pointerId = event.pointerId;
  }

  function cancelPress() {
    if (press) { window.clearTimeout(press.timer); press = null; }
  }

  function onPointermove(event) {
    if (press && event.pointerId === press.id &&
        Math.hypot(event.clientX - press.x, event.clientY - press.y) > TOUCH_SLOP_PX) {
      cancelPress();
    }
    if (stroke && stroke.pointerId === event.pointerId) {
      var input = cellFrom(document.elementFromPoint(event.clientX, event.clientY));
      if (input) { paintTo(input); }
    }
  }

  function onPointerup(event) {
    cancelPress();
    if (stroke && (stroke.pointerId === event.pointerId || stroke.touch)) {
      endStroke();
      // The click that follows a drag must not toggle the last cell back.
      window.setTimeout(function () { suppressClick = false; }, 0);
    }
  }

  function onTouchmove(event) {
    if (!stroke || !stroke.touch) { return; }
    event.preventDefault(); // painting, not scrolling
    var touch = event.touches[0];
    var input = touch && cellFrom(document.elementFromPoint(touch.clientX, touch.clientY));
    if (input) { paintTo(input); }
  }

  function onTouchend(event) {
    if (stroke && stroke.touch) {
      event.preventDefault(); // no click after a long-press slide
      endStroke();
      window.setTimeout(function () { suppressClick = false; }, 0);
    }
  }

  function onClick(event) {
    if (!isCell(event.target)) { return; }
    if (suppressClick) {
      event.preventDefault(); // the pointer stroke has already set this cell
      suppressClick = false;
      return;
    }
    setCurrent(gridOf(event.target), event.target);
  }

  function enhance(root) {
    root.querySelectorAll("[data-availability-grid]:not([data-enhanced])").forEach(function (grid) {
      grid.setAttribute("data-enhanced", "");
      grid.setAttribute("role", "grid"); // arrow keys reach us in screen readers' browse mode too
      grid.querySelectorAll("input[name=cell]").forEach(function (input) { input.tabIndex = -1; });
      ensureCurrentShown(grid);
      grid.addEventListener("keydown", onKeydown);
      grid.addEventListener("keyup", function (event) { if (event.key === "Shift") { endStroke(); } });
      grid.addEventListener("focusout", function (event) {
        if (!grid.contains(event.relatedTarget)) { endStroke(); }
      });
      grid.addEventListener("pointerdown", onPointerdown);
      grid.addEventListener("click", onClick, true);
      grid.addEventListener("change", function (event) { if (isCell(event.target)) { markDirty(grid); } });
      grid.addEventListener("touchmove", onTouchmove, { passive: false });
      grid.addEventListener("touchend", onTouchend);
      grid.addEventListener("contextmenu", function (event) { if (stroke || press) { event.preventDefault(); } });
      var form = grid.closest("form");
      form.querySelectorAll("#show-weekends, #show-night").forEach(function (toggle) {
        toggle.addEventListener("change", function () { ensureCurrentShown(grid); });
      });
      var scroller = grid.closest("[data-availability-scroll]");
      var first = grid.querySelector("input[name=cell]:checked");
      if (scroller && first && !scroller.hasAttribute("data-restored")) {
        var row = first.closest("tr");
        scroller.scrollTop = Math.max(0, row.offsetTop - 3 * row.offsetHeight);
      }
    });
  }

  document.addEventListener("pointermove", onPointermove);
  document.addEventListener("pointerup", onPointerup);
  document.addEventListener("pointercancel", function (event) {
    cancelPress();
    if (stroke && stroke.pointerId === event.pointerId) { endStroke(); }
  });
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });

  // htmx swaps the whole form after a save: keep where the grid was scrolled, show a refused
  // (400) form too (it explains what went wrong), and put focus somewhere useful.
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "availability-editor") { return; }
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    var scroller = event.detail.target.querySelector("[data-availability-scroll]");
    kept = scroller ? { top: scroller.scrollTop, left: scroller.scrollLeft } : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = document.getElementById("availability-editor");
    if (!form || !(event.detail.elt === form || form.contains(event.detail.elt))) { return; }
    var scroller = form.querySelector("[data-availability-scroll]");
    if (scroller && kept) {
      scroller.setAttribute("data-restored", "");
      scroller.scrollTop = kept.top;
      scroller.scrollLeft = kept.left;
    }
    kept = null;
    enhance(form);
    var problem = form.querySelector("#availability-errors, [aria-invalid=true]");
    if (problem) {
      problem.focus();
    } else if (!document.activeElement || document.activeElement === document.body) {
      // htmx puts focus back on a button with the same id; a removed date's button is gone:
      // go on to the date field.
      form.querySelector("#new-holiday").focus();
    }
  });
})();
