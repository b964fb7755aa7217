// `npm run build`: builds the prebuilt JupyterLab 4 extension into labextension/ (committed, so that
// learners need no Node.js). JupyterLab's builder needs the core package of the JupyterLab it targets
// (its shared modules and their versions): that of the project's .venv, made by ./carnets setup.
// (`jupyter labextension build` would do the same, but JupyterLab 4.6 hands it to jupyter-builder,
// a package we do not install.)
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const venv = path.resolve(__dirname, '..', '..', '.venv');
const python = [path.join(venv, 'bin', 'python'), path.join(venv, 'Scripts', 'python.exe')].find(p => fs.existsSync(p));
if (!python) {
  console.error(`Python de .venv introuvable sous ${venv} : lancez d'abord ./carnets setup.`);
  process.exit(1);
}
const lab = execFileSync(python, ['-c', 'import jupyterlab, os; print(os.path.dirname(jupyterlab.__file__))'])
  .toString().trim();
const builder = require.resolve('@jupyterlab/builder/lib/build-labextension');
execFileSync(process.execPath, [builder, '--core-path', path.join(lab, 'staging'), __dirname], { stdio: 'inherit' });
