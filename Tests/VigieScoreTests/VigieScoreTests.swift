// Tests for VigieScore land here.
