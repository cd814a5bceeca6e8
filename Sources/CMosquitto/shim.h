// libmosquitto (Debian libmosquitto-dev), the Eclipse Mosquitto client library.
#include <mosquitto.h>
