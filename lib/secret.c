/* postern: the key file: where it lives and how it is made. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "secret.h"
#include "token.h"

enum perr
secret_keyfile_default(const char *db, char *out, size_t outsz)
{
	size_t	len = strlen(db);
	int	n;

	if (len > 3 && strcmp(db + len - 3, ".db") == 0)
		len -= 3;
	n = snprintf(out, outsz, "%.*s.key", (int)len, db);
	if (n < 0 || (size_t)n >= outsz)
		return PERR_TOOLONG;
	return PERR_OK;
}

enum perr
secret_keyfile_check(const char *path)
{
	struct stat	sb;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return PERR_OK;
		log_err("%s: %s", path, strerror(errno));
		return PERR_SYSTEM;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size != SECRET_KEY_BYTES) {
		log_err("%s: not a key file (%d bytes expected)", path,
		    SECRET_KEY_BYTES);
		return PERR_INVAL;
	}
	return PERR_OK;
}

enum perr
secret_keyfile_create(const char *path, int *created)
{
	unsigned char	key[SECRET_KEY_BYTES];
	struct stat	sb;
	enum perr	e = PERR_SYSTEM;
	int		fd;

	if (created != NULL)
		*created = 0;
	if (lstat(path, &sb) == 0)
		return secret_keyfile_check(path);
	if (errno != ENOENT) {
		log_err("%s: %s", path, strerror(errno));
		return PERR_SYSTEM;
	}
	if ((e = token_random(key, sizeof(key))) != PERR_OK)
		return e;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		e = PERR_SYSTEM;
		goto done;
	}
	if (write(fd, key, sizeof(key)) != (ssize_t)sizeof(key) ||
	    fsync(fd) == -1) {
		log_err("%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		e = PERR_SYSTEM;
		goto done;
	}
	if (close(fd) == -1) {
		log_err("%s: %s", path, strerror(errno));
		unlink(path);
		e = PERR_SYSTEM;
		goto done;
	}
	if (created != NULL)
		*created = 1;
	e = PERR_OK;
done:
	token_wipe(key, sizeof(key));
	return e;
}
