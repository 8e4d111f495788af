window.probe = 1;
