"""The Qt front end. Talks to the core only through dvmeet.services."""

from ui.qtfix import protect_none

protect_none()
