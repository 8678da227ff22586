// Tests for VigieIngest land here.
