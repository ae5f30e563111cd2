// Small behaviours on top of htmx: live rate, "không phát sinh", and saves that survive a weak connection.
(function () {
  "use strict";

  function liveRate(ratio) {
    var inputs = ratio.querySelectorAll("input");
    var out = ratio.querySelector("output");
    var n = inputs[0].value.trim(), d = inputs[1].value.trim();
    if (/^\d+$/.test(n) && /^\d+$/.test(d) && Number(d) > 0 && Number(n) <= Number(d)) {
      // tenths of a percent, rounded half up exactly as the server's rate filter does
      var t = Math.floor((2000 * Number(n) + Number(d)) / (2 * Number(d)));
      out.textContent = Math.floor(t / 10) + "," + (t % 10) + "%";
    } else {
      out.textContent = "";
    }
  }

  document.addEventListener("input", function (e) {
    var ratio = e.target.closest && e.target.closest("[data-ratio]");
    if (ratio) liveRate(ratio);
  });

  document.addEventListener("change", function (e) {
    if (e.target.name === "na") {
      var form = e.target.form;
      form.querySelectorAll("[data-ratio] input").forEach(function (i) { i.disabled = e.target.checked; });
    }
  });

  // A photo carries the time the device says it was taken (set before htmx reads the form).
  document.addEventListener("change", function (e) {
    if (e.target.name === "photo" && e.target.files && e.target.files[0]) {
      e.target.form.querySelector("input[name=taken_at]").value = String(e.target.files[0].lastModified || "");
    }
  }, true);

  // A drawn signature on the minutes (optional): finger or stylus on a canvas, kept as a PNG.
  document.querySelectorAll("form[data-signature]").forEach(function (form) {
    var canvas = form.querySelector("canvas"), ctx = canvas.getContext("2d"), drawing = false, drawn = false;
    ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#1d2430";
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
    }
    canvas.addEventListener("pointerdown", function (e) { drawing = true; var p = point(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointermove", function (e) { if (!drawing) return; var p = point(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true; });
    canvas.addEventListener("pointerup", function () { drawing = false; });
    form.querySelector("[data-clear-signature]").addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
    form.addEventListener("submit", function () { form.querySelector("input[name=signature]").value = drawn ? canvas.toDataURL("image/png") : ""; });
  });

  // A button that asks first (data-confirm on its form): no inline handler, so the CSP needs none.
  document.addEventListener("submit", function (e) {
    var text = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) e.preventDefault();
  });

  // A ratio is saved once both counts are typed (or "không phát sinh" is ticked), not half-way.
  document.addEventListener("htmx:confirm", function (e) {
    var form = e.detail.elt;
    if (!form.matches || !form.matches("form.kind-ratio")) return;
    var na = form.querySelector("input[name=na]");
    var counts = Array.prototype.map.call(form.querySelectorAll("[data-ratio] input"), function (i) { return i.value.trim(); });
    var filled = counts.filter(function (v) { return v !== ""; }).length;
    if (!(na && na.checked) && filled === 1) e.preventDefault();
  });

  // A save that failed on the network is retried: automatically with back-off, or by the button.
  var pending = new Map();

  function stateOf(form) {
    var sel = form.getAttribute("hx-target");
    return sel ? document.querySelector(sel) : null;
  }

  function markOffline(form) {
    var state = stateOf(form);
    if (!state) return;
    state.classList.remove("state-saved", "state-empty");
    state.classList.add("state-offline");
    state.querySelector(".badge-state").textContent = "Lỗi kết nối – chưa lưu, đang thử lại";
    var retry = state.querySelector(".retry");
    retry.hidden = false;
    retry.onclick = function () { resend(form); };
  }

  var timers = new Map();

  function resend(form) {
    clearTimeout(timers.get(form));     // a manual retry replaces the scheduled one
    timers.delete(form);
    htmx.trigger(form, "change");
  }

  function schedule(form) {
    var tries = (pending.get(form) || 0) + 1;
    pending.set(form, tries);
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { if (pending.has(form)) resend(form); },
                                Math.min(30000, 1000 * Math.pow(2, tries))));
  }

  document.addEventListener("htmx:sendError", function (e) {
    var form = e.detail.elt.closest("form[data-autosave], form.upload");
    if (!form) return;
    markOffline(form);
    schedule(form);
  });
  // The message of an error fragment the server sent (errors/_error.html), as text.
  function serverMessage(xhr, fallback) {
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var p = doc.querySelector(".form-error");
    return p && p.textContent.trim() ? p.textContent.trim() : fallback;
  }

  document.addEventListener("htmx:responseError", function (e) {
    var form = e.detail.elt.closest("form[data-autosave], form.upload");
    if (!form) return;
    if (e.detail.xhr.status >= 500) { markOffline(form); schedule(form); return; }
    // Refused (403 after submission, 400 with an expired token...): never look saved.
    var state = stateOf(form);
    if (!state) return;
    state.classList.remove("state-saved", "state-empty", "state-offline");
    state.classList.add("state-error");
    var status = e.detail.xhr.status;
    state.querySelector(".badge-state").textContent = status === 413
      ? "Chưa lưu: " + serverMessage(e.detail.xhr, "tệp quá lớn")
      : status === 400
      ? "Chưa lưu: phiên làm việc đã hết hạn – tải lại trang"
      : "Chưa lưu: không có quyền sửa (hồ sơ có thể đã được gửi) – tải lại trang";
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) { pending.delete(e.detail.elt); clearTimeout(timers.get(e.detail.elt)); timers.delete(e.detail.elt); }
  });
  window.addEventListener("online", function () {
    pending.forEach(function (_tries, form) { resend(form); });
  });
})();
