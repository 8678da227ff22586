// Tests for VigieDetect land here.
