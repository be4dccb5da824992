/* The float32 FMA peak of one core: 12 independent chains of AVX-512 fused multiply-adds (run.sh builds it with gcc -O3 -march=native). */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
int main(){ __m512 a[12]; __m512 x=_mm512_set1_ps(1.0000001f), y=_mm512_set1_ps(0.9999999f);
 for(int i=0;i<12;i++) a[i]=_mm512_set1_ps(i);
 struct timespec t0,t1; long n=200000000; clock_gettime(CLOCK_MONOTONIC,&t0);
 for(long i=0;i<n;i++){ for(int j=0;j<12;j++) a[j]=_mm512_fmadd_ps(a[j],x,y);} 
 clock_gettime(CLOCK_MONOTONIC,&t1); double s=(t1.tv_sec-t0.tv_sec)+(t1.tv_nsec-t0.tv_nsec)*1e-9;
 float r=0; for(int j=0;j<12;j++) r+=_mm512_reduce_add_ps(a[j]);
 printf("%.1f GFLOP/s (%g)\n", n*12.0*16*2/s/1e9, r); }
