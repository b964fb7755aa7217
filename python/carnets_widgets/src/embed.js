// The course site's widget renderer (`./carnets site`). An executed notebook keeps its widgets' last
// state (metadata.widgets, written by nbclient); this script draws them on the static page, offline:
// ipywidgets' standard controls through the HTML manager of @jupyter-widgets, our drawing pad from
// ./index.js. ipywidgets' own embedder would fetch both from a CDN, which the site never does.
// Without a kernel nothing runs when a control moves: the page shows what the run left.
import { HTMLManager } from '@jupyter-widgets/html-manager/lib/htmlmanager';
import { renderWidgets } from '@jupyter-widgets/html-manager/lib/libembed';
import { DrawingPadModel, DrawingPadView, MODULE_NAME } from './index';

const modules = { [MODULE_NAME]: { DrawingPadModel, DrawingPadView } };

function loader(name, version) {
  const found = modules[name];
  return found ? Promise.resolve(found) : Promise.reject(new Error(`widget inconnu du site : ${name} ${version}`));
}

/**
 * Each widget output carries its text (what the widget showed as text/plain) for a page read
 * without scripts; once the widget is drawn in its place, the text goes.
 */
function hideDrawnFallbacks() {
  for (const area of document.querySelectorAll('.carnets-widget')) {
    const drawn = area.querySelector('.widget-subarea');
    const text = area.querySelector('.carnets-widget-text');
    if (drawn && drawn.childElementCount > 0 && text) {
      text.hidden = true;
    }
  }
}

async function render() {
  try {
    await renderWidgets(() => new HTMLManager({ loader }));
  } finally {
    hideDrawnFallbacks();
    document.documentElement.dataset.carnetsWidgets = 'drawn';
  }
}

if (document.readyState === 'complete') {
  render();
} else {
  window.addEventListener('load', render);
}
