from alize_desktop.cli import main

raise SystemExit(main())
