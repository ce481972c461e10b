// Reconcile page: select-all and the count of selected lines for the bulk form.
(function () {
  var all = document.getElementById('select-all');
  var count = document.getElementById('bulk-count');
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input.recon-select')); }
  function update() {
    var selected = boxes().filter(function (b) { return b.checked; }).length;
    if (count) count.textContent = selected ? selected + ' selected' : '';
    if (all) {
      all.checked = selected > 0 && selected === boxes().length;
      all.indeterminate = selected > 0 && selected < boxes().length;
    }
  }
  if (all) {
    all.addEventListener('change', function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
      update();
    });
  }
  document.addEventListener('change', function (event) {
    if (event.target.classList && event.target.classList.contains('recon-select')) update();
  });
  var bulk = document.getElementById('bulk-form');
  if (bulk) {
    bulk.addEventListener('submit', function (event) {
      if (!boxes().some(function (b) { return b.checked; })) {
        event.preventDefault();
        if (count) count.textContent = 'Select at least one line first.';
      }
    });
  }
  update();
})();
