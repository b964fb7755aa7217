// `npm run build:site`: builds the course site's widget renderer into site/ (committed, so that
// `./carnets site` needs no Node.js): src/embed.js with the HTML manager of @jupyter-widgets and its
// standard controls, as one script and one stylesheet. Font Awesome's fonts (icons of buttons) are
// kept in woff2 only, which every browser the site targets reads; its older formats are left out.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, 'site');

// The HTML manager also carries ipywidgets 7's models, controls and styles (200 KB of the bundle),
// which the course never uses: they resolve to a module that says so.
const withoutWidgets7 = {
  name: 'without-widgets7',
  setup(build) {
    build.onResolve({ filter: /^@jupyter-widgets\/(base7|controls7)(\/|$)/ }, args => args.path.endsWith('.css')
      ? { path: args.path, namespace: 'widgets7-css' }
      : { path: path.join(__dirname, 'src', 'widgets7-absent.js') });
    build.onLoad({ filter: /.*/, namespace: 'widgets7-css' }, () => ({ contents: '', loader: 'css' }));
  },
};
fs.rmSync(out, { recursive: true, force: true });
esbuild.build({
  entryPoints: { 'carnets-widgets-embed': path.join(__dirname, 'src', 'embed.js') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  outdir: out,
  legalComments: 'linked',
  loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty', '.eot': 'empty', '.svg': 'empty' },
  assetNames: 'fonts/[name]-[hash]',
  define: { 'process.env.NODE_ENV': '"production"' },
  // libembed assigns webpack's asset path, a variable only webpack declares; our assets are in the CSS.
  banner: { js: 'var __webpack_public_path__ = "";' },
  plugins: [withoutWidgets7],
  logLevel: 'warning',
}).catch(() => process.exit(1));
