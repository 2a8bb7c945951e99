"""The demo province (docs: demo-data.md) and the `dangjian demo` command that builds it.

`builder` holds the context and the run; each area adds its part as a stage registered in
core.demo (the modules of this package, or an app's own `demo.py`), discovered when the app is
ready. Nothing here may import models at import time: this package is an installed app.
"""
