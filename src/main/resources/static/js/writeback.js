// Write-backs page: changing the status filter applies it at once (the Filter button does the same without script).
(function () {
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
