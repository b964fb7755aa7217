// Stands for ipywidgets 7's modules in the site's renderer: our kernel speaks the protocol of
// ipywidgets 8 only (2.1.0), so a notebook of the course never asks for them.
throw new Error('ipywidgets 7 : absent du site de Carnets (protocole 2.1.0 seulement)');
