/* placeholder */
typedef int pw_placeholder_pw_window;
