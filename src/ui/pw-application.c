#include "config.h"
#include "pw-application.h"
struct _PwApplication { AdwApplication parent_instance; };
G_DEFINE_FINAL_TYPE (PwApplication, pw_application, ADW_TYPE_APPLICATION)
static void pw_application_class_init (PwApplicationClass *klass) { }
static void pw_application_init (PwApplication *self) { }
PwApplication *pw_application_new (void) { return g_object_new (PW_TYPE_APPLICATION, "application-id", APP_ID, NULL); }
