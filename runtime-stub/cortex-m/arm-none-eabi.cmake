# CMake toolchain file for Cortex-M firmware with Debian's gcc-arm-none-eabi and newlib.
# The core comes from EDGEC_CPU_FLAGS (for example "-mcpu=cortex-m4 -mfloat-abi=hard"),
# which the emitted CMakeLists.txt sets from the target before project().
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJDUMP arm-none-eabi-objdump CACHE FILEPATH "objdump for the firmware")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size for the firmware")
# Compiler checks link a static library, not an executable: there is no board yet.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDGEC_CPU_FLAGS)
set(CMAKE_C_FLAGS_INIT "${EDGEC_CPU_FLAGS} -mthumb -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${EDGEC_CPU_FLAGS} -mthumb -ffunction-sections -fdata-sections -Wno-psabi")
set(CMAKE_ASM_FLAGS_INIT "${EDGEC_CPU_FLAGS} -mthumb")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${EDGEC_CPU_FLAGS} -mthumb --specs=rdimon.specs -Wl,--gc-sections")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
