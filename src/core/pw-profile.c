/* placeholder: to be written */
typedef int pw_placeholder_pw_profile;
