"""What the meetings app contributes to the pages of hotseat/pages: the call panel, the hot seat rotation."""
