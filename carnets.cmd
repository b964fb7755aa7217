@echo off
rem Carnets on Windows: the same entry point as ./carnets (French help: carnets.cmd --help).
rem Finds a Python >= 3.9 (.venv's once "carnets.cmd setup" has created it; before that
rem %CARNETS_PYTHON%, py, python3 or python) and hands over to carnets_tools, which holds every command.
setlocal
set "ROOT=%~dp0"
rem Python writes UTF-8 (accents, arrows) also when its output goes to a pipe or a file.
set "PYTHONUTF8=1"
set "PY=%ROOT%.venv\Scripts\python.exe"
if exist "%PY%" goto run
set "PY="
for %%C in ("%CARNETS_PYTHON%" py python3 python) do (
  if not defined PY if not "%%~C"=="" (
    "%%~C" -c "import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)" >nul 2>&1 && set "PY=%%~C"
  )
)
if not defined PY (
  echo carnets : erreur : Python 3.9 ou plus recent est introuvable. Installez-le depuis python.org ^(case "Add python.exe to PATH"^) ou indiquez-le avec set CARNETS_PYTHON=C:\chemin\python.exe 1>&2
  exit /b 1
)
:run
"%PY%" "%ROOT%python\carnets_tools\__main__.py" %*
exit /b %ERRORLEVEL%
