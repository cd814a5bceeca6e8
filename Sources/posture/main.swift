import PostureCLI

PostureCommand.runMainFastPath()
