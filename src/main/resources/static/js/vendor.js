// Integrations page: saving a service's counting mode as soon as another mode is chosen (the Save button stays for
// keyboard users and browsers without JavaScript).
(function () {
  document.querySelectorAll('form.counting-mode select').forEach(function (select) {
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });
})();
