// The printable sheet (POST /api/v1/print) loads this when it is opened as a page of its own:
// its 打印 button prints it. In the kiosk the sheet is shown inside the page and printed from there.
"use strict";
(function () {
  var button = document.getElementById("print");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
