/*
 * cli — the subcommands of the fangkong binary, one file each, registered in
 * the command table in main.c.  Each takes (argc, argv) with argv[0] = its
 * name, parses its own options (getopt_long) and returns the exit status.
 * Messages to the user are Chinese; errors go to stderr.
 */
#ifndef FK_CLI_H
#define FK_CLI_H

#include "store/audit.h"
#include "store/db.h"

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_village(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_observation(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Default database path: $FANGKONG_DB or ./fangkong.db */
const char *cli_default_db(void);
/* Open (and migrate) the database; prints the reason and returns NULL on
 * failure.  `must_exist`: refuse to create a new file. */
struct db *cli_open(const char *path, int must_exist);
/* The actor recorded in the audit log for command-line changes. */
const struct actor *cli_actor(void);
/* Print `usage` to stdout (for --help, returns 0) or stderr (returns 2). */
int cli_usage(const char *usage, int ok);
/* 1 if argv has --help / -h at position 1. */
int cli_wants_help(int argc, char **argv);

#endif
