import sys

from kiosk.launcher import main

sys.exit(main())
