#ifndef GB_UNPACK_STREAM_NAME_H
#define GB_UNPACK_STREAM_NAME_H

/* The name a compressed stream's output gets: the name stored in the stream
 * (its last component only), else the container file's name with the
 * compression suffix taken off (suffixes: ".gz", or ".tgz=.tar" to replace),
 * else "<name>.out". Returns a malloc'd name. */
char *gb_stream_output_name(const char *stored, const char *hint, const char *const *suffixes);

#endif
