/* cli: the subcommands that live outside main.c.  Each takes the command's
 * own argc/argv (argv[0] is the command name) and returns the exit status:
 * 0 ok, 1 some inputs failed, 2 usage, configuration, rule or system error. */
#ifndef EXTRACT_CLI_H
#define EXTRACT_CLI_H

int cmd_series(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
