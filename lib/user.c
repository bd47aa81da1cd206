/* postern: users: names, validation, and changes that go together. */
#include "config.h"

#include <string.h>

#include "password.h"
#include "text.h"
#include "token.h"
#include "user.h"

enum perr
user_canon(const char *in, size_t inlen, char out[USERNAME_MAX + 1])
{
	size_t	i;
	char	c;

	if (inlen == 0)
		return PERR_INVAL;
	if (inlen > USERNAME_MAX)
		return PERR_TOOLONG;
	for (i = 0; i < inlen; i++) {
		c = in[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-' || c == '@'))
			return PERR_INVAL;
		out[i] = c;
	}
	out[inlen] = '\0';
	return PERR_OK;
}

enum perr
user_email_check(const char *email)
{
	size_t		 len = strlen(email), i, at = 0, nat = 0;
	int		 dot = 0;
	unsigned char	 c;

	if (len == 0)
		return PERR_OK;
	if (len > EMAIL_MAX)
		return PERR_TOOLONG;
	for (i = 0; i < len; i++) {
		c = (unsigned char)email[i];
		if (c <= 0x20 || c >= 0x7f || strchr(",<>\"\\;", c) != NULL)
			return PERR_INVAL;
		if (c == '@') {
			at = i;
			nat++;
		} else if (c == '.' && nat == 1)
			dot = 1;
	}
	if (nat != 1 || at == 0 || at == len - 1 || !dot ||
	    email[len - 1] == '.' || email[at + 1] == '.')
		return PERR_INVAL;
	return PERR_OK;
}

enum perr
user_display_check(const char *display)
{
	return text_check(display, DISPLAYNAME_MAX, 0, NULL);
}

enum perr
user_password_check(const char *pw, size_t pwlen)
{
	if (pwlen > PASSWORD_MAX)
		return PERR_TOOLONG;
	if (pwlen < PASSWORD_MIN)
		return PERR_INVAL;
	return PERR_OK;
}

enum perr
user_find(struct store *st, const char *name, struct user *u)
{
	char		canon[USERNAME_MAX + 1];
	enum perr	e;

	if ((e = user_canon(name, strlen(name), canon)) != PERR_OK)
		return e == PERR_TOOLONG ? PERR_INVAL : e;
	return store_user_get(st, canon, u);
}

enum perr
user_add(struct store *st, struct user *u, const char *pw, size_t pwlen,
    const struct scrypt_params *params, int64_t now)
{
	char		canon[USERNAME_MAX + 1];
	enum perr	e;

	if ((e = user_canon(u->name, strlen(u->name), canon)) != PERR_OK)
		return e;
	if ((e = user_display_check(u->display)) != PERR_OK ||
	    (e = user_email_check(u->email)) != PERR_OK)
		return e;
	memcpy(u->name, canon, sizeof(canon));
	u->hash[0] = '\0';
	if (pw != NULL) {
		if ((e = user_password_check(pw, pwlen)) != PERR_OK)
			return e;
		if ((e = password_hash(pw, pwlen, params, u->hash)) != PERR_OK)
			return e;
	}
	u->active = u->active ? 1 : 0;
	u->created = u->changed = now;
	return store_user_add(st, u);
}

enum perr
user_passwd(struct store *st, struct user *u, const char *pw, size_t pwlen,
    const struct scrypt_params *params, int64_t now, int64_t *ended)
{
	struct user	cur;
	char		hash[HASH_MAX + 1];
	enum perr	e;

	if ((e = user_password_check(pw, pwlen)) != PERR_OK)
		return e;
	if ((e = password_hash(pw, pwlen, params, hash)) != PERR_OK)
		return e;
	if ((e = store_begin(st)) != PERR_OK)
		return e;
	/* Change only the password: the rest as it is now, not as u says. */
	if ((e = store_user_get_id(st, u->id, &cur)) != PERR_OK)
		goto fail;
	memcpy(cur.hash, hash, sizeof(hash));
	cur.changed = now;
	if ((e = store_user_update(st, &cur)) != PERR_OK ||
	    (e = store_session_del_user(st, u->id, ended)) != PERR_OK ||
	    (e = store_commit(st)) != PERR_OK)
		goto fail;
	*u = cur;
	token_wipe(hash, sizeof(hash));
	return PERR_OK;
fail:
	store_rollback(st);
	token_wipe(hash, sizeof(hash));
	return e;
}

enum perr
user_update(struct store *st, const struct user *u, int64_t *ended)
{
	struct user	old, cur;
	enum perr	e;

	if (ended != NULL)
		*ended = 0;
	if ((e = user_display_check(u->display)) != PERR_OK ||
	    (e = user_email_check(u->email)) != PERR_OK)
		return e;
	if ((e = store_begin(st)) != PERR_OK)
		return e;
	/* Change only what this function owns; keep the stored password. */
	if ((e = store_user_get_id(st, u->id, &old)) != PERR_OK)
		goto fail;
	cur = old;
	memcpy(cur.display, u->display, sizeof(cur.display));
	memcpy(cur.email, u->email, sizeof(cur.email));
	cur.active = u->active ? 1 : 0;
	if ((e = store_user_update(st, &cur)) != PERR_OK)
		goto fail;
	if (old.active && !cur.active &&
	    (e = store_session_del_user(st, u->id, ended)) != PERR_OK)
		goto fail;
	if ((e = store_commit(st)) != PERR_OK)
		goto fail;
	return PERR_OK;
fail:
	store_rollback(st);
	return e;
}
