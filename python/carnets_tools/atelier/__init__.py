"""`./carnets atelier`: a workshop server, JupyterHub on one machine (commands/atelier.py drives it).

    accounts.py  the learners' accounts (made from a list, or the machine's own) and their passwords
    budget.py    each learner's memory budget, and how many learners this machine holds
    install.py   the kernel, the course and the data sets copied where every learner can read them
    hub.py       Debian's JupyterHub: installed with apt-get, configured, started, stopped
    session.py   run by the hub as each learner: their copy of the notebooks, then their server
"""
