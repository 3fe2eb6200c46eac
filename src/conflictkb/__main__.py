from conflictkb.cli import main

main()
