import PostureCLI

PostureCommand.runMain()
