/* postern: the key file: where it lives, how it is made and used. */
/*
 * Sealing is AES-256-GCM through EVP with a random 96-bit nonce per call
 * (a key seals one value per enrollment, far below the 2^32 random-nonce
 * bound), the nonce stored in front of the ciphertext and the 128-bit tag
 * behind it.  Opening writes plaintext only into the caller's buffer and
 * wipes it again unless the tag verified.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

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

enum perr
secret_key_load(const char *path, uint8_t key[SECRET_KEY_BYTES])
{
	struct stat	 sb;
	uint8_t		 extra;
	size_t		 n = 0;
	ssize_t		 r;
	enum perr	 e = PERR_SYSTEM;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			log_err("%s: no key file (\"authz-admin init\" "
			    "makes one)", path);
			e = PERR_NOTFOUND;
		} else if (errno == ELOOP) {
			log_err("%s: a symbolic link, not a key file", path);
			e = PERR_INVAL;
		} else
			log_err("%s: %s", path, strerror(errno));
		goto done;
	}
	if (fstat(fd, &sb) == -1) {
		log_err("%s: %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size != SECRET_KEY_BYTES) {
		log_err("%s: not a key file (%d bytes expected)", path,
		    SECRET_KEY_BYTES);
		e = PERR_INVAL;
		goto done;
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		log_err("%s: mode %04o lets group or others at the key; "
		    "run \"chmod 600 %s\"", path,
		    (unsigned)(sb.st_mode & 07777), path);
		e = PERR_INVAL;
		goto done;
	}
	while (n < SECRET_KEY_BYTES) {
		r = read(fd, key + n, SECRET_KEY_BYTES - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	/* The file may have changed between fstat() and read(). */
	while ((r = read(fd, &extra, 1)) == -1 && errno == EINTR)
		continue;
	if (n != SECRET_KEY_BYTES || r != 0) {
		log_err("%s: not a key file (%d bytes expected)", path,
		    SECRET_KEY_BYTES);
		e = PERR_INVAL;
		goto done;
	}
	e = PERR_OK;
done:
	if (fd != -1)
		close(fd);
	if (e != PERR_OK)
		token_wipe(key, SECRET_KEY_BYTES);
	return e;
}

/* Start an AES-256-GCM context for key and nonce, feeding it aad. */
static enum perr
secret_gcm_init(EVP_CIPHER_CTX *ctx, int enc,
    const uint8_t key[SECRET_KEY_BYTES], const uint8_t *nonce,
    const void *aad, size_t aadlen)
{
	int	n;

	if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL,
	    enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
	    SECRET_NONCE_BYTES, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, key, nonce, enc) != 1)
		return PERR_CRYPTO;
	if (aadlen > 0 && EVP_CipherUpdate(ctx, NULL, &n, aad,
	    (int)aadlen) != 1)
		return PERR_CRYPTO;
	return PERR_OK;
}

enum perr
secret_seal(const uint8_t key[SECRET_KEY_BYTES], const uint8_t *plain,
    size_t len, const void *aad, size_t aadlen, uint8_t *out, size_t outsz,
    size_t *outlen)
{
	EVP_CIPHER_CTX	*ctx = NULL;
	uint8_t		*ct;
	int		 n, fin;
	enum perr	 e = PERR_TOOLONG;

	*outlen = 0;
	if (len > SECRET_PLAIN_MAX || aadlen > INT_MAX ||
	    outsz < len + SECRET_SEAL_OVERHEAD)
		goto done;
	ct = out + SECRET_NONCE_BYTES;
	e = PERR_NOMEM;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto done;
	if ((e = token_random(out, SECRET_NONCE_BYTES)) != PERR_OK ||
	    (e = secret_gcm_init(ctx, 1, key, out, aad, aadlen)) != PERR_OK)
		goto done;
	e = PERR_CRYPTO;
	n = fin = 0;
	if ((len > 0 && EVP_EncryptUpdate(ctx, ct, &n, plain,
	    (int)len) != 1) ||
	    EVP_EncryptFinal_ex(ctx, ct + n, &fin) != 1 ||
	    (size_t)n + (size_t)fin != len ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SECRET_TAG_BYTES,
	    ct + len) != 1)
		goto done;
	*outlen = len + SECRET_SEAL_OVERHEAD;
	e = PERR_OK;
done:
	EVP_CIPHER_CTX_free(ctx);	/* cleanses the key schedule */
	if (e != PERR_OK && out != NULL)
		token_wipe(out, outsz);
	return e;
}

enum perr
secret_open(const uint8_t key[SECRET_KEY_BYTES], const uint8_t *in,
    size_t inlen, const void *aad, size_t aadlen, uint8_t *out, size_t outsz,
    size_t *outlen)
{
	EVP_CIPHER_CTX	*ctx = NULL;
	uint8_t		 tag[SECRET_TAG_BYTES], none;
	size_t		 len;
	int		 n, fin;
	enum perr	 e = PERR_INVAL;

	*outlen = 0;
	if (inlen < SECRET_SEAL_OVERHEAD ||
	    inlen > SECRET_PLAIN_MAX + SECRET_SEAL_OVERHEAD || aadlen > INT_MAX)
		goto done;
	len = inlen - SECRET_SEAL_OVERHEAD;
	e = PERR_TOOLONG;
	if (outsz < len)
		goto done;
	/* The tag is handed over from a copy: OpenSSL wants it writable. */
	memcpy(tag, in + SECRET_NONCE_BYTES + len, SECRET_TAG_BYTES);
	e = PERR_NOMEM;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto done;
	if ((e = secret_gcm_init(ctx, 0, key, in, aad, aadlen)) != PERR_OK)
		goto done;
	e = PERR_CRYPTO;
	n = fin = 0;
	if ((len > 0 && EVP_DecryptUpdate(ctx, out, &n,
	    in + SECRET_NONCE_BYTES, (int)len) != 1) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SECRET_TAG_BYTES,
	    tag) != 1)
		goto done;
	/* The one answer that depends on the tag (GCM writes nothing here). */
	if (EVP_DecryptFinal_ex(ctx, out != NULL ? out + n : &none,
	    &fin) != 1) {
		e = PERR_DENIED;
		goto done;
	}
	if ((size_t)n + (size_t)fin != len)
		goto done;
	*outlen = len;
	e = PERR_OK;
done:
	EVP_CIPHER_CTX_free(ctx);
	token_wipe(tag, sizeof(tag));
	if (e != PERR_OK && out != NULL)
		token_wipe(out, outsz);
	return e;
}
