"""The parts the main window (:mod:`ui.mainwindow`) is made of, one concept per module.

``pages`` the page list and the page shown; ``files`` New/Open/Save/Save As/Close and drops;
``recent`` the recent files and their menu; ``autosave`` autosave and crash recovery; ``view``
zoom, full screen, light or dark; ``appearance`` the palettes; ``actions`` actions, shortcuts,
menus and toolbar; ``dialogs`` the questions and messages put to the user.
"""
