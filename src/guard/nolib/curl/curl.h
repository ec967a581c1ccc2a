/* Stand-in for <curl/curl.h> in the pure layers (Makefile: LAYER_GUARD, HACKING.md "Layers"):
 * TLS, HTTP and Kerberos libraries are the network layer's, src/net. */
#error "<curl/curl.h> included in a pure layer: only src/net and src/app may use it"
