import { Center, Loader } from '@mantine/core';

/** Shown while a page's data or code loads. */
export function PageLoader() {
  return (
    <Center py={80}>
      <Loader aria-label="Loading" />
    </Center>
  );
}
