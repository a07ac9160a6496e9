"""dvmeet: meetings, minutes and member registry for DigiVestland. The core never imports Qt."""

__version__ = "0.1.0"
