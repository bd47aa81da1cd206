/* postern: replay files through a fuzz harness, for make check. */
/*
 * Without --enable-fuzzing each tests/fuzz/fuzz_*.c harness is linked with
 * this main() instead of libFuzzer, and run-corpora.sh feeds it its seed
 * corpus, so the harnesses are compiled and exercised on every check.
 * Each argument is a file, or a directory whose regular files are all
 * replayed (not recursively, in readdir order).  A harness that finds a
 * broken invariant aborts; this driver only reports how many inputs it
 * fed.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_FILE_MAX	(1024 * 1024)	/* larger seeds are a mistake */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Feed one file; 0 on success, -1 (with a message) when unreadable. */
static int
replay_file(const char *path)
{
	FILE	*f;
	uint8_t	*buf, *copy;
	size_t	 len;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if ((buf = malloc(REPLAY_FILE_MAX + 1)) == NULL) {
		fclose(f);
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	len = fread(buf, 1, REPLAY_FILE_MAX + 1, f);
	if (ferror(f) || len > REPLAY_FILE_MAX) {
		fprintf(stderr, "replay: %s: %s\n", path,
		    ferror(f) ? "read error" : "larger than 1 MiB");
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* A copy of exactly len bytes, so ASan sees any overread. */
	if ((copy = malloc(len > 0 ? len : 1)) == NULL) {
		free(buf);
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	memcpy(copy, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		 p[PATH_MAX];
	size_t		 n = 0;
	int		 i, rc = EXIT_SUCCESS;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = EXIT_FAILURE;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (replay_file(argv[i]) == 0)
				n++;
			else
				rc = EXIT_FAILURE;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = EXIT_FAILURE;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if ((size_t)snprintf(p, sizeof(p), "%s/%s", argv[i],
			    de->d_name) >= sizeof(p) || stat(p, &sb) == -1 ||
			    !S_ISREG(sb.st_mode))
				continue;
			if (replay_file(p) == 0)
				n++;
			else
				rc = EXIT_FAILURE;
		}
		closedir(d);
	}
	printf("replayed %zu inputs\n", n);
	return rc;
}
