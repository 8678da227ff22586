// Tests for VigieOutput land here.
