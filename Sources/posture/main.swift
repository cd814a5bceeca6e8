import PostureCLI

PostureCommand.main()
