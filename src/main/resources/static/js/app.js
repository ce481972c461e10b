// Sends the CSRF token with every htmx request and wires copy, print, refresh and confirm buttons and auto-submitting fields.
(function () {
  var tokenMeta = document.querySelector('meta[name="_csrf"]');
  var headerMeta = document.querySelector('meta[name="_csrf_header"]');
  document.body.addEventListener('htmx:configRequest', function (event) {
    if (tokenMeta && headerMeta) {
      event.detail.headers[headerMeta.content] = tokenMeta.content;
    }
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-target]');
    if (!button) return;
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) return;
    var text = target.textContent.trim();
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 2000); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(target); });
    } else {
      selectText(target);
      try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected for manual copy */ }
    }
  });
  // the printable change sheet's Print button; the sync indicator's Refresh
  document.addEventListener('click', function (event) {
    if (event.target.closest('[data-print]')) window.print();
    if (event.target.closest('[data-refresh]')) window.location.reload();
  });
  // A field marked data-auto-submit sends its form as soon as its value changes (the form keeps a submit button for
  // keyboard users and browsers without JavaScript). requestSubmit runs the form's submit handlers, e.g. data-confirm.
  document.addEventListener('change', function (event) {
    var field = event.target.closest ? event.target.closest('[data-auto-submit]') : null;
    if (!field || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
})();
