import sys

from dealcraft.cli import main

sys.exit(main())
