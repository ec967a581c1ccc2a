/* Stand-in for <sys/socket.h> in the pure layers (Makefile: LAYER_GUARD, HACKING.md "Layers"):
 * sockets are the network layer's, src/net. A wire-format library whose own headers
 * pull it in (ldns) is included with SD_LIBRARY_HEADERS defined around it. */
#ifndef SD_LIBRARY_HEADERS
#error "<sys/socket.h> included in a pure layer: sockets belong to src/net"
#endif
#include_next <sys/socket.h>
