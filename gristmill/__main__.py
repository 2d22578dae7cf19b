from gristmill.cli import main

main()
