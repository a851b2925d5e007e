/*
 * msg — user-facing messages by stable code, Chinese first, English second.
 * Every error a user can see goes through here (or a module's own message
 * function such as idcard_err_message), so translations live in one place.
 */
#ifndef FK_MSG_H
#define FK_MSG_H

/* The message for `code` in Chinese (english=0) or English; a generic
 * "invalid request" message for unknown codes. */
const char *msg_get(const char *code, int english);

#endif
