// consist review page: record a verdict in place, without leaving the list.
// Served from the package (/static/review.js); the page allows no other script. Without it the
// forms still work: a POST, then back to the list.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.verdict").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      var data = new FormData(form);
      if (button && button.name) {
        data.set(button.name, button.value);
      }
      var status = form.querySelector(".status");
      var finding = form.closest(".finding");
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      status.classList.remove("error");
      status.textContent = "saving…";
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(data),
        headers: { "Accept": "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (reply) {
          if (reply.ok && reply.body.ok) {
            finding.setAttribute("data-verdict", reply.body.verdict);
            status.textContent = reply.body.status;
          } else {
            // refused (the store is busy, or the input is wrong): the note stays in the form
            status.classList.add("error");
            status.textContent = "not recorded: " + (reply.body.error || "unknown error");
          }
        })
        .catch(function (error) {
          status.classList.add("error");
          status.textContent = "not recorded: " + error;
        })
        .finally(function () {
          form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        });
    });
  });
});
