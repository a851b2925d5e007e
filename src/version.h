/* The release version, shown by `fangkong version`, /healthz and OpenAPI. */
#ifndef FK_VERSION_H
#define FK_VERSION_H
#define FANGKONG_VERSION "0.1.0"
#endif
