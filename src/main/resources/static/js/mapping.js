// Mapping page: drag and drop (SortableJS, fallback mode), search boxes, filters and the picker.
// The server renders everything; this file only wires behaviour and re-wires it after htmx swaps the board.
(function () {
  'use strict';

  var filter = 'all';

  function board() {
    return document.getElementById('board');
  }

  function lower(value) {
    return (value || '').trim().toLowerCase();
  }

  function applyFilters() {
    var root = board();
    if (!root) return;
    var psaSearch = document.getElementById('psa-search');
    var vendorSearch = document.getElementById('vendor-search');
    var psaQuery = lower(psaSearch && psaSearch.value);
    var vendorQuery = lower(vendorSearch && vendorSearch.value);
    var shown = 0;
    root.querySelectorAll('.vendor-list > .map-row').forEach(function (row) {
      var visible = (filter === 'all' || row.getAttribute('data-state') === filter)
        && (!vendorQuery || (row.getAttribute('data-search') || '').indexOf(vendorQuery) >= 0);
      row.hidden = !visible;
      if (visible) shown++;
    });
    root.querySelectorAll('.psa-list > .psa-item').forEach(function (item) {
      item.hidden = !!psaQuery && (item.getAttribute('data-search') || '').indexOf(psaQuery) < 0;
    });
    var none = root.querySelector('.map-none');
    if (none) none.hidden = shown > 0 || root.querySelectorAll('.vendor-list > .map-row').length === 0;
    root.querySelectorAll('[data-filter]').forEach(function (button) {
      var active = button.getAttribute('data-filter') === filter;
      button.setAttribute('aria-pressed', active ? 'true' : 'false');
      button.classList.toggle('active', active);
    });
  }

  function announce(text) {
    var status = document.getElementById('map-status');
    if (status) status.textContent = text;
  }

  function send(zone, psaId) {
    var values = {};
    values[zone.getAttribute('data-drop-param')] = psaId;
    announce('Mapping ' + (zone.getAttribute('data-item-name') || '') + '…');
    htmx.ajax('POST', zone.getAttribute('data-drop-url'), { target: '#board', swap: 'outerHTML', values: values });
  }

  function initDragAndDrop(root) {
    if (root.getAttribute('data-can-edit') !== 'true' || typeof Sortable === 'undefined') return;
    var group = 'map-' + root.getAttribute('data-step');
    var source = root.querySelector('.psa-list');
    if (source && !source.hasAttribute('data-sortable')) {
      source.setAttribute('data-sortable', '');
      Sortable.create(source, {
        group: { name: group, pull: 'clone', put: false },
        sort: false,
        draggable: '.psa-item',
        forceFallback: true,
        fallbackOnBody: true,
        fallbackTolerance: 3,
        animation: 0
      });
    }
    root.querySelectorAll('.drop-zone').forEach(function (zone) {
      if (zone.hasAttribute('data-sortable')) return;
      zone.setAttribute('data-sortable', '');
      Sortable.create(zone, {
        group: { name: group, pull: false, put: true },
        sort: false,
        draggable: '.psa-item',
        forceFallback: true,
        emptyInsertThreshold: 20,
        onAdd: function (event) {
          var psaId = event.item.getAttribute('data-psa-id');
          event.item.parentNode.removeChild(event.item);
          send(zone, psaId);
        }
      });
    });
  }

  // Keeps the navigation badge (unmapped accounts and services of all integrations) in step with the board.
  function updateBadge(root) {
    var total = parseInt(root.getAttribute('data-unmapped-total'), 10);
    var link = document.querySelector('nav.main a[href$="/mapping"]');
    if (!link || isNaN(total)) return;
    var badge = link.querySelector('.badge');
    if (total <= 0) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'badge';
      link.appendChild(badge);
    }
    badge.textContent = String(total);
    badge.title = total + ' items need attention';
  }

  function init() {
    var root = board();
    if (!root) return;
    initDragAndDrop(root);
    applyFilters();
    updateBadge(root);
  }

  document.addEventListener('DOMContentLoaded', function () {
    init();
    ['psa-search', 'vendor-search'].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.addEventListener('input', applyFilters);
    });
  });

  document.addEventListener('click', function (event) {
    var filterButton = event.target.closest('[data-filter]');
    if (filterButton) {
      filter = filterButton.getAttribute('data-filter');
      applyFilters();
      return;
    }
    var cancel = event.target.closest('[data-picker-cancel]');
    if (cancel) {
      var slot = cancel.closest('.picker-slot');
      var row = cancel.closest('.map-row');
      if (slot) slot.innerHTML = '';
      var chooser = row && row.querySelector('.map-actions [hx-get]');
      if (chooser) chooser.focus();
    }
  });

  document.body.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains('picker-slot')) {
      var select = target.querySelector('select');
      if (select) select.focus();
    }
  });

  document.body.addEventListener('htmx:afterSettle', function () {
    init();
    var message = document.querySelector('#board .map-message, #board .flash.bad');
    if (message) announce(message.textContent);
  });

  document.body.addEventListener('htmx:responseError', function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 403 ? 'Your role does not allow changing mappings.'
      : status === 404 ? 'That item no longer exists; reload the page.'
      : 'Something went wrong (HTTP ' + status + '); reload the page and try again.';
    var root = board();
    if (root) {
      var old = root.querySelector('.map-client-error');
      if (old) old.remove();
      var div = document.createElement('div');
      div.className = 'flash bad map-client-error';
      div.setAttribute('role', 'alert');
      div.textContent = text;
      root.insertBefore(div, root.querySelector('.map-filters'));
    }
    announce(text);
  });
})();
