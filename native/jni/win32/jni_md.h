/*
 * jni_md.h for Windows x64, for mingw-w64 cross builds on Linux: only a Windows JDK ships this file, and the Linux
 * one does not fit (it exports by ELF visibility, which a DLL ignores). The types are the Win64 JNI ABI (jint is
 * 32 bits, jlong 64 bits: LLP64), JNIEXPORT marks the only symbols the DLL exports.
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
/* x64 has one calling convention (__stdcall means nothing there); JDK 24+'s jni.h defines JNICALL empty itself. */
#define JNICALL

typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif
